-- Run by test/nvim.test.ts: nvim --headless -u NONE -c "luafile test/lsp/nvim-check.lua".
-- Starts the built server over stdio with Neovim's own LSP client, opens one Stellar file, waits
-- (bounded) for its diagnostics and prints one line per diagnostic: "DIAG line:col severity code message".
local node = os.getenv('STELLAR_NODE') or 'node'
local server = assert(os.getenv('STELLAR_SERVER'), 'STELLAR_SERVER is not set')
local root = assert(os.getenv('STELLAR_ROOT'), 'STELLAR_ROOT is not set')
local file = assert(os.getenv('STELLAR_FILE'), 'STELLAR_FILE is not set')
local timeout = tonumber(os.getenv('STELLAR_TIMEOUT_MS') or '10000')

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local severities = { 'error', 'warning', 'information', 'hint' }

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'stellar-kit',
  cmd = { node, server, '--stdio' },
  root_dir = root,
  on_exit = function(code) out('EXIT ' .. tostring(code)) end,
})
if not client_id then
  out('ERROR could not start the language server')
  vim.cmd('cquit 2')
end
vim.lsp.buf_attach_client(buf, client_id)

local ok = vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 50)
if not ok then out('TIMEOUT no diagnostics after ' .. timeout .. ' ms') end

for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  local code = d.code or lsp.code or '?'
  out(string.format('DIAG %d:%d %s %s %s', d.lnum + 1, d.col + 1, severities[d.severity] or tostring(d.severity), code, d.message))
end

vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd(ok and 'qall!' or 'cquit 1')
