import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "~/lib/cn";

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  invalid?: boolean;
}

export function Input({ className, invalid, ...props }: InputProps) {
  return (
    <input
      className={cn(
        "block h-10 w-full rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-xs transition-colors placeholder:text-slate-400",
        "focus:border-brand-500 focus:ring-3 focus:ring-brand-100 focus:outline-none",
        "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500",
        invalid ? "border-red-400" : "border-slate-300",
        className,
      )}
      aria-invalid={invalid || undefined}
      {...props}
    />
  );
}

export interface FieldProps extends Omit<InputProps, "id"> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A labelled input with optional hint and error, wired with aria-describedby. */
export function Field({ label, hint, error, className, ...props }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Input id={id} invalid={!!error} aria-describedby={cn(hintId, errorId) || undefined} {...props} />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
