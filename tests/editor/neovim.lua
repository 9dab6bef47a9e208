-- Driven by `tests/editor/main.rs`: Neovim has loaded the configuration of `docs/editors.md`
-- (`-u`) and opened a template with known problems. This script waits (bounded) for the
-- language server, asks what a user would, and writes what Neovim received to the JSON file
-- named by `CYCLELINT_NVIM_OUT`. The Rust test asserts on it.

local out_path = assert(os.getenv("CYCLELINT_NVIM_OUT"), "CYCLELINT_NVIM_OUT is set")
local result = { version = tostring(vim.version()), filetype = vim.bo.filetype }
local buf = vim.api.nvim_get_current_buf()
local WAIT = 20000

local function write()
  local file = assert(io.open(out_path, "w"))
  file:write(vim.json.encode(result))
  file:close()
end

local function clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = buf })
end

-- The position of the first occurrence of `needle` (plus `shift` columns) in the buffer.
local function position(needle, shift)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local column = line:find(needle, 1, true)
    if column then
      return { line = i - 1, character = column - 1 + (shift or 0) }
    end
  end
  error("not in the buffer: " .. needle)
end

local function request(method, params)
  params.textDocument = { uri = vim.uri_from_bufnr(buf) }
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, WAIT)
  if not responses then
    error(method .. ": " .. tostring(err))
  end
  for _, response in pairs(responses) do
    if response.err then
      error(method .. ": " .. vim.inspect(response.err))
    end
    return response.result
  end
end

local function codes()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, d.code)
  end
  table.sort(out)
  return out
end

local ok, err = pcall(function()
  result.started = vim.wait(WAIT, function() return #clients() > 0 end, 20)
  result.diagnosed = vim.wait(WAIT, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  result.diagnostics = codes()

  local hover = request("textDocument/hover", { position = position("$HPCMachineType", 2) })
  result.hover = hover and hover.contents and hover.contents.value

  local items = request("textDocument/completion", { position = position("Extends = ", 10) })
  result.completion = {}
  for _, item in ipairs(items and (items.items or items) or {}) do
    table.insert(result.completion, item.label)
  end

  local definition = request("textDocument/definition", { position = position("$HPCMachineType", 2) })
  result.definition = definition and definition.range and definition.range.start

  local at = position("MachinType", 1)
  local actions = request("textDocument/codeAction", {
    range = { start = at, ["end"] = at },
    context = { diagnostics = {} },
  })
  result.actions = {}
  for _, action in ipairs(actions or {}) do
    table.insert(result.actions, action.title)
    if action.title == "did you mean `MachineType`?" then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    end
  end
  result.fixed_line = vim.api.nvim_buf_get_lines(buf, at.line, at.line + 1, false)[1]
  -- The edit is sent to the server as a change; its diagnostics come back without the typo.
  result.relinted = vim.wait(WAIT, function() return not vim.tbl_contains(codes(), "unknown-attribute") end, 20)
  result.diagnostics_after_fix = codes()
end)
if not ok then
  result.error = tostring(err)
end
write()
vim.cmd("qall!")
