/** One JSON object per line on stdout/stderr: what log collectors (docker logs, journald, Loki) parse. */
export function log(level: "debug" | "info" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
