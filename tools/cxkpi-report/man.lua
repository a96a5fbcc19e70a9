-- man.lua: a pandoc filter that turns docs/cli.md (Markdown written for Doxygen too)
-- into the layout of a manual page: NAME and SYNOPSIS from the title, the options as a
-- tagged list, Doxygen cross-references reduced to their text, the section about the
-- source files left out. Run: pandoc -f markdown-citations -t man -s --lua-filter man.lua
local stringify = pandoc.utils.stringify

-- "@ref target "text"" -> text; "@ref target" -> nothing.
function Inlines(inlines)
  local out = pandoc.List()
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    if el.t == 'Str' and el.text == '@ref' then
      local j = i + 1
      if inlines[j] and inlines[j].t == 'Space' then j = j + 1 end
      if inlines[j] and inlines[j].t == 'Str' then j = j + 1 end
      if inlines[j] and inlines[j].t == 'Space' and inlines[j + 1]
          and inlines[j + 1].t == 'Quoted' then
        out:extend(inlines[j + 1].content)
        j = j + 2
      end
      i = j
    else
      out:insert(el)
      i = i + 1
    end
  end
  return out
end

-- A list item "`--opt ARG`: text" -> term "--opt ARG", definition "text".
local function option_item(item)
  local first = item[1]
  if not first or (first.t ~= 'Plain' and first.t ~= 'Para') then return nil end
  local term, rest = pandoc.List(), pandoc.List()
  local in_term = true
  for _, el in ipairs(first.content) do
    if in_term and el.t == 'Str' and el.text:sub(1, 1) == ':' then
      in_term = false
    elseif in_term then
      if el.t == 'Code' then
        term:insert(pandoc.Strong({pandoc.Str(el.text)}))
      else
        term:insert(el)
      end
    elseif not (#rest == 0 and el.t == 'Space') then
      rest:insert(el)
    end
  end
  if in_term or #term == 0 or term[1].t ~= 'Strong' then return nil end
  local body = pandoc.List({pandoc.Plain(rest)})
  for k = 2, #item do body:insert(item[k]) end
  return {term, {body}}
end

function Pandoc(doc)
  local blocks = pandoc.List()
  local section, skipping = nil, false
  for _, b in ipairs(doc.blocks) do
    if b.t == 'Header' and b.level == 1 then
      -- "cxkpi-report: what it is" -> NAME, SYNOPSIS, DESCRIPTION
      local title = stringify(b.content)
      local name, what = title:match('^([^:]+):%s*(.*)$')
      blocks:insert(pandoc.Header(1, 'NAME'))
      blocks:insert(pandoc.Plain({pandoc.Str(name .. ' - ' .. what)}))
      blocks:insert(pandoc.Header(1, 'SYNOPSIS'))
      blocks:insert(pandoc.Para({pandoc.Strong({pandoc.Str(name)}), pandoc.Space(),
        pandoc.Str('['), pandoc.Emph({pandoc.Str('OPTION')}), pandoc.Str(']...'),
        pandoc.Space(), pandoc.Str('['), pandoc.Emph({pandoc.Str('FILE')}), pandoc.Str(']')}))
      blocks:insert(pandoc.Header(1, 'DESCRIPTION'))
    elseif b.t == 'Header' and b.level == 2 then
      section = stringify(b.content)
      skipping = section == 'Internals'
      if not skipping then
        blocks:insert(pandoc.Header(1, pandoc.text.upper(section)))
      end
    elseif skipping then
      -- left out
    elseif b.t == 'Header' then
      blocks:insert(pandoc.Header(b.level - 1, b.content))
    elseif b.t == 'BulletList' and section == 'Options' then
      local items = pandoc.List()
      for _, item in ipairs(b.content) do
        local d = option_item(item)
        if d == nil then items = nil break end
        items:insert(d)
      end
      blocks:insert(items and pandoc.DefinitionList(items) or b)
    elseif b.t == 'RawBlock' and b.format == 'html' then
      -- comments for the writers of the Markdown
    else
      blocks:insert(b)
    end
  end
  return pandoc.Pandoc(blocks, doc.meta)
end
