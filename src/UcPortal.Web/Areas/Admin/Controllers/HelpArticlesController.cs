using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Help;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class HelpArticleEditPage
{
    public int? Id { get; init; }
    public HelpArticleForm Form { get; init; } = new();
    public List<HelpCategory> Categories { get; init; } = [];
    public bool IsPublished { get; init; }
    public bool Shipped { get; init; }
    public string? CurrentSlug { get; init; }
    public string PreviewHtml { get; init; } = "";

    /// <summary>The language being edited: "en" (the article itself) or a translation's culture (decision 036).</summary>
    public string Culture { get; init; } = UcPortal.Web.Features.Localisation.PortalCultures.English;

    public bool HasTranslation { get; init; }
}

/// <summary>The help centre editor: articles in Markdown with a live preview, categories, publish and
/// unpublish. Support and Admin alike; every change is audited.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/help")]
public sealed class HelpArticlesController(HelpArticleEditor editor, MarkdownRenderer markdown, CurrentStaff currentStaff) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await editor.ListAsync(ct));

    [HttpGet("new")]
    public async Task<IActionResult> New(int? category, CancellationToken ct) =>
        View("Edit", await PageAsync(null, new HelpArticleForm { CategoryId = category }, null, ct));

    [HttpPost("new")]
    public Task<IActionResult> Create([Bind(Prefix = "Form")] HelpArticleForm form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var article = await editor.GetAsync(id, ct);
        if (article is null)
        {
            return NotFound();
        }
        var form = new HelpArticleForm
        {
            Title = article.Title, Slug = article.Slug, CategoryId = article.CategoryId, Summary = article.Summary, SortOrder = article.SortOrder, Markdown = article.Markdown,
        };
        return View(await PageAsync(id, form, article, ct));
    }

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, [Bind(Prefix = "Form")] HelpArticleForm form, CancellationToken ct) => SaveAsync(id, form, ct);

    /// <summary>The article in another language: title, summary and text; the rest is the English article's.</summary>
    [HttpGet("{id:int}/{culture:regex(^zh-CN$)}")]
    public async Task<IActionResult> EditTranslation(int id, string culture, CancellationToken ct)
    {
        var article = await editor.GetAsync(id, ct);
        if (article is null)
        {
            return NotFound();
        }
        var translation = await editor.GetTranslationAsync(id, culture, ct);
        var form = new HelpArticleForm
        {
            Title = translation?.Title, Slug = article.Slug, CategoryId = article.CategoryId, Summary = translation?.Summary, SortOrder = article.SortOrder, Markdown = translation?.Markdown,
        };
        return View("Edit", await PageAsync(id, form, article, ct, culture, translation is not null));
    }

    [HttpPost("{id:int}/{culture:regex(^zh-CN$)}")]
    public async Task<IActionResult> UpdateTranslation(int id, string culture, [Bind(Prefix = "Form")] HelpArticleForm form, CancellationToken ct)
    {
        var staff = await currentStaff.GetAsync(ct) ?? throw new InvalidOperationException("No staff member.");
        var result = await editor.SaveTranslationAsync(id, culture, form, staff, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/admin/help/{id}/{culture}");
        }
        result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var article = await editor.GetAsync(id, ct);
        return View("Edit", await PageAsync(id, form, article, ct, culture, await editor.GetTranslationAsync(id, culture, ct) is not null));
    }

    [HttpPost("{id:int}/publish")]
    public async Task<IActionResult> Publish(int id, CancellationToken ct) =>
        this.RedirectWith(await editor.SetPublishedAsync(id, true, ct), $"/admin/help/{id}", "Flash", "HelpError");

    [HttpPost("{id:int}/unpublish")]
    public async Task<IActionResult> Unpublish(int id, CancellationToken ct) =>
        this.RedirectWith(await editor.SetPublishedAsync(id, false, ct), $"/admin/help/{id}", "Flash", "HelpError");

    /// <summary>The live preview (htmx, as the text is typed): the same renderer and sanitizer as the public page.</summary>
    [HttpPost("preview")]
    public IActionResult Preview([FromForm(Name = "Form.Markdown")] string? text)
    {
        var source = text ?? "";
        if (source.Length > HelpArticleLimits.Markdown)
        {
            return Content($"<p class=\"text-danger\">Too long to preview: at most {HelpArticleLimits.Markdown:N0} characters.</p>", "text/html");
        }
        return Content(markdown.ToHtml(source), "text/html");
    }

    [HttpPost("categories")]
    public async Task<IActionResult> AddCategory([Bind(Prefix = "Category")] HelpCategoryForm form, CancellationToken ct) =>
        this.RedirectWith(await editor.SaveCategoryAsync(null, form, ct), "/admin/help", "Flash", "HelpError");

    [HttpPost("categories/{id:int}")]
    public async Task<IActionResult> SaveCategory(int id, [Bind(Prefix = "Category")] HelpCategoryForm form, CancellationToken ct) =>
        this.RedirectWith(await editor.SaveCategoryAsync(id, form, ct), "/admin/help", "Flash", "HelpError");

    private async Task<IActionResult> SaveAsync(int? id, HelpArticleForm form, CancellationToken ct)
    {
        var staff = await currentStaff.GetAsync(ct) ?? throw new InvalidOperationException("No staff member.");
        var result = await editor.SaveAsync(id, form, staff, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/admin/help/{result.Value}");
        }
        result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await PageAsync(id, form, id is { } existing ? await editor.GetAsync(existing, ct) : null, ct));
    }

    private async Task<HelpArticleEditPage> PageAsync(int? id, HelpArticleForm form, HelpArticle? article, CancellationToken ct,
        string culture = UcPortal.Web.Features.Localisation.PortalCultures.English, bool? hasTranslation = null) => new()
    {
        Culture = culture,
        HasTranslation = hasTranslation ?? (id is { } articleId && await editor.GetTranslationAsync(articleId, UcPortal.Web.Features.Localisation.PortalCultures.Chinese, ct) is not null),
        Id = id,
        Form = form,
        Categories = await editor.CategoriesAsync(ct),
        IsPublished = article?.IsPublished ?? false,
        Shipped = article?.ShippedContentHash is not null,
        CurrentSlug = article?.Slug,
        PreviewHtml = markdown.ToHtml(form.Markdown ?? ""),
    };
}
