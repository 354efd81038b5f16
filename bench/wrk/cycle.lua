-- The credential life cycle on each connection, in order: create a replication credential, self_sign
-- it, delete it. WRK_CREDENTIALS is the account's .../replication/credentials path, WRK_AUTH the
-- Authorization header. A failed step is counted (verdict.lua) and repeated. Run it with one
-- connection per thread: the state below belongs to the thread, and an account holds at most two
-- credentials. Cycles = successful answers / 3.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "verdict.lua")

local credentials = os.getenv("WRK_CREDENTIALS")
local headers = { ["Authorization"] = os.getenv("WRK_AUTH"), ["Content-Type"] = "application/json" }
local step, id = "create", nil

function request()
  if step == "create" then
    return wrk.format("POST", credentials, headers, '{"$type":"Certificate"}')
  elseif step == "self_sign" then
    return wrk.format("POST", credentials .. "/" .. id .. "/self_sign", headers)
  end
  return wrk.format("DELETE", credentials .. "/" .. id, headers)
end

function response(status, headers, body)
  if not accepted(status, body) then return end
  if step == "create" then
    id = body:match('"credential_id"%s*:%s*"([%x%-]+)"')
    if id then step = "self_sign" else reject(status, body) end
  elseif step == "self_sign" then
    if body:find('"certificate":"', 1, true) then step = "delete" else reject(status, body) end
  else
    step = "create"
  end
end
