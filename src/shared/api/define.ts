/**
 * Building blocks of the API contract. Every request and event between the renderer and the back end is
 * declared once with runtime schemas; the TypeScript types are inferred from them, so the types and the
 * validation cannot drift apart.
 */
import type { z } from 'zod';

export interface RequestDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
  readonly summary: string;
}

export function request<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): RequestDef<I, O> {
  return { kind: 'request', input, output, summary };
}

export function event<P extends z.ZodType>(summary: string, payload: P): EventDef<P> {
  return { kind: 'event', payload, summary };
}
