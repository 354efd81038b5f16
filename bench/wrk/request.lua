-- One request repeated on every connection: WRK_METHOD (default GET) to the URL's path, with
-- WRK_AUTH as the Authorization header and WRK_BODY as a JSON body when set. Answers are checked
-- by verdict.lua (2xx, and WRK_EXPECT in the body when set).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "verdict.lua")

wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

function response(status, headers, body)
  accepted(status, body)
end
