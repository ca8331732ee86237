export function totalTokens(usage: { promptTokens: number; completionTokens: number } | null): number {
  return usage ? usage.promptTokens + usage.completionTokens : 0;
}
