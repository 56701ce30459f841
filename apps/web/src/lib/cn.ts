import { twMerge } from "tailwind-merge";

/**
 * Joins class names, skipping falsy values; later Tailwind utilities win over
 * earlier ones of the same kind, so a caller's `w-32` replaces a component's `w-full`.
 */
export const cn = (...classes: Array<string | false | null | undefined>): string => twMerge(classes.filter(Boolean).join(" "));
