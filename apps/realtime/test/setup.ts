// Per test file: drop the file's database (if one was opened) once its tests are done.
import { afterAll } from "vitest";
import { disposeSharedTestDatabase } from "../src/testing/database.js";

afterAll(disposeSharedTestDatabase);
