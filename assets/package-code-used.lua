-- Ends every page whose cells use the mlwiki package with "Package code used on this page":
-- links to the API reference entries of what it uses.  The list comes from
-- chapters/reference/_used-on.json, which the pre-render hook writes beside the reference
-- pages (code/sitetools/reference.py); pages that use nothing get nothing.

local function read_json(path)
  local file = io.open(path, "r")
  if file == nil then
    return nil
  end
  local text = file:read("a")
  file:close()
  return pandoc.json.decode(text, false)
end

local function project_and_page()
  if quarto ~= nil then
    return quarto.project.directory, quarto.doc.input_file
  end
  -- Outside Quarto (the project's tests run this filter with plain pandoc).
  return os.getenv("MLWIKI_PROJECT_DIR"), PANDOC_STATE.input_files[1]
end

function Pandoc(doc)
  if quarto ~= nil and not quarto.doc.is_format("html") then
    return doc  -- notebooks keep their own links out
  end
  local root, input = project_and_page()
  if root == nil or input == nil then
    return doc
  end
  local map = read_json(pandoc.path.join({ root, "chapters", "reference", "_used-on.json" }))
  if map == nil then
    return doc
  end
  local page = pandoc.path.make_relative(pandoc.path.normalize(input), pandoc.path.normalize(root))
  page = page:gsub("%.md$", ".qmd")
  local links = map[page]
  if links == nil or #links == 0 then
    return doc
  end
  local items = {}
  for _, link in ipairs(links) do
    table.insert(items, { pandoc.Plain({ pandoc.Link({ pandoc.Code(link.name) }, link.href) }) })
  end
  doc.blocks:insert(pandoc.Header(2, "Package code used on this page",
    pandoc.Attr("package-code-used", { "unnumbered" })))
  doc.blocks:insert(pandoc.Para({ pandoc.Str("The reference entries of the "), pandoc.Code("mlwiki"),
    pandoc.Space(), pandoc.Str("functions and classes this page's code calls:") }))
  doc.blocks:insert(pandoc.BulletList(items))
  return doc
end
