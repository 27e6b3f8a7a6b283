import { backupNow } from "@/lib/backup";
import { errorResponse } from "@/lib/http";
import { log } from "@/lib/log";

/**
 * POST /api/backup with `Authorization: Bearer $BACKUP_TOKEN`: an online
 * backup into BACKUP_DIR; 201 `{ file, bytes }`. 404 when BACKUP_TOKEN is not
 * set (the route is off), 401 for another token.
 */
export async function POST(request: Request) {
  const token = process.env.BACKUP_TOKEN;
  if (token === undefined || token === "") return Response.json({ error: "Not found" }, { status: 404 });
  if (request.headers.get("authorization") !== `Bearer ${token}`) {
    return Response.json({ error: "Unauthorized" }, { status: 401 });
  }
  try {
    const result = backupNow();
    log("info", "backup written", result);
    return Response.json(result, { status: 201 });
  } catch (error) {
    return errorResponse(error, "/api/backup");
  }
}
