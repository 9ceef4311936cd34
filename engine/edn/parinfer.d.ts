// Types for the parts of the `parinfer` package (JavaScript, untyped) that the repair uses.
declare module 'parinfer' {
  export interface ParinferResult {
    text: string;
    success: boolean;
    error?: { name: string; message: string; lineNo: number; x: number };
  }
  export function indentMode(text: string, options?: Record<string, unknown>): ParinferResult;
}
