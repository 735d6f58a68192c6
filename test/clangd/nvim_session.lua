-- The LSP session of lsp-session.test through a client nobody on the team
-- wrote: Neovim's built-in LSP client. Run headless:
--
--   LEAKGUARD_CLANGD=<server> LSP_ROOT=<dir> LSP_FILE=<file in dir> \
--     nvim --headless -u NONE -i NONE -n -c 'luafile nvim_session.lua'
--
-- It opens the file, starts the server with vim.lsp.start_client and
-- attaches it to the buffer, waits for the leak- diagnostic, asks for the
-- code actions at it, applies the quick fix with Neovim's own
-- apply_workspace_edit (the client then sends didChange), waits for the
-- diagnostics of the new text and prints the buffer. Written against the
-- API of Debian 12's Neovim 0.7 (vim.lsp.start arrived only in 0.8).
-- Exits with 0, or 1 and a message on stderr.

local timeout = tonumber(vim.env.LSP_TIMEOUT or '120') * 1000

local function out(line)
  io.stdout:write(line .. '\n')
end

local function fail(message)
  io.stderr:write('nvim_session: error: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function run()
  local server = assert(vim.env.LEAKGUARD_CLANGD, 'LEAKGUARD_CLANGD not set')
  local root = assert(vim.env.LSP_ROOT, 'LSP_ROOT not set')
  local file = assert(vim.env.LSP_FILE, 'LSP_FILE not set')

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'cpp'

  -- Count the diagnostics each publication brings, after Neovim's own
  -- handler has stored them.
  local published = 0
  local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
  local function on_publish(err, result, ctx, config)
    default_handler(err, result, ctx, config)
    if vim.uri_to_bufnr(result.uri) == bufnr then
      published = published + 1
    end
  end

  local client_id = vim.lsp.start_client({
    name = 'leakguard-clangd',
    cmd = { server, '--background-index=false', '--log=error' },
    root_dir = root,
    handlers = { ['textDocument/publishDiagnostics'] = on_publish },
  })
  if not client_id then
    return fail('could not start ' .. server)
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function wait_publication(after, what)
    if not vim.wait(timeout, function() return published > after end, 20) then
      fail('no diagnostics ' .. what)
      return false
    end
    return true
  end

  if not wait_publication(0, 'after opening the file') then return end
  local diags = vim.diagnostic.get(bufnr)
  out('diagnostics: ' .. #diags)
  local finding
  for _, d in ipairs(diags) do
    local lsp = (d.user_data or {}).lsp or {}
    local code = d.code or lsp.code
    out(string.format('  %d:%d [%s] %s', d.lnum + 1, d.col + 1, tostring(code), d.message))
    for _, info in ipairs(lsp.relatedInformation or {}) do
      out(string.format('    related %d:%d %s', info.location.range.start.line + 1,
        info.location.range.start.character + 1, info.message))
    end
    if code == 'leak-manual-lock' and not finding then
      finding = d
    end
  end
  if not finding then
    return fail('no leak-manual-lock diagnostic')
  end

  -- The code actions at the finding, as the client's own code_action would
  -- ask for them.
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = {
      start = { line = finding.lnum, character = finding.col },
      ['end'] = { line = finding.end_lnum, character = finding.end_col },
    },
    context = {
      diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, finding.lnum),
    },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
  if not responses or not responses[client_id] or not responses[client_id].result then
    return fail('no answer to textDocument/codeAction')
  end
  local quickfix
  for _, action in ipairs(responses[client_id].result) do
    out('code action: ' .. (action.kind or '?') .. ': ' .. action.title)
    if action.kind == 'quickfix' and action.edit and not quickfix then
      quickfix = action
    end
  end
  if not quickfix then
    return fail('no quick fix with an edit')
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local before = published
  vim.lsp.util.apply_workspace_edit(quickfix.edit, client.offset_encoding)
  if not wait_publication(before, 'after the edit') then return end
  -- The publication may have been for the text before the change reached
  -- the server: wait until the diagnostics settle on the new text.
  vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == 0 end, 20)
  out('diagnostics after the fix: ' .. #vim.diagnostic.get(bufnr))
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    out('| ' .. line)
  end
  -- Leaving Neovim shuts the server down (shutdown, exit).
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
