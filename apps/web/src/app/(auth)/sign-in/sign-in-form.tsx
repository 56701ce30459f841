"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AlertIcon, CheckCircleIcon } from "~/components/icons";
import { Button, Field } from "~/components/ui";
import { useI18n } from "~/i18n/client";
import { format, type Messages } from "~/i18n/config";
import { useTRPC } from "~/trpc/client";

function errorMessage(error: unknown, t: Messages): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; retryAfterSeconds?: number | null } | undefined;
    if (data?.code === "UNAUTHORIZED") return t.auth.invalidCredentials;
    if (data?.code === "TOO_MANY_REQUESTS") {
      const minutes = Math.max(1, Math.ceil((data.retryAfterSeconds ?? 900) / 60));
      return format(t.auth.throttled, { minutes });
    }
  }
  return t.auth.genericError;
}

export function SignInForm({ next, notice }: { next: string; notice: string | null }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        router.replace(next);
        router.refresh();
      },
      onError: () => setPassword(""),
    }),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    signIn.mutate({ email, password });
  };

  const succeeded = signIn.isSuccess;

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {signIn.isError ? (
        <div role="alert" className="flex gap-2.5 rounded-lg bg-red-50 px-3.5 py-3 text-sm text-red-700 ring-1 ring-red-600/15 ring-inset">
          <AlertIcon className="mt-0.5 shrink-0 text-base" />
          <span>{errorMessage(signIn.error, t)}</span>
        </div>
      ) : notice ? (
        <div role="status" className="flex gap-2.5 rounded-lg bg-slate-50 px-3.5 py-3 text-sm text-slate-700 ring-1 ring-slate-900/5 ring-inset">
          <CheckCircleIcon className="mt-0.5 shrink-0 text-base text-slate-500" />
          <span>{notice}</span>
        </div>
      ) : null}

      <Field
        label={t.auth.email}
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        placeholder={t.auth.emailPlaceholder}
        required
        autoFocus
        maxLength={320}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <Field
        label={t.auth.password}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        maxLength={1024}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <Button type="submit" className="w-full" loading={signIn.isPending || succeeded}>
        {signIn.isPending || succeeded ? t.auth.signingIn : t.auth.signIn}
      </Button>
    </form>
  );
}
