using System.Text.RegularExpressions;

namespace UcPortal.Web.Features.Help;

public sealed class HelpArticleForm
{
    public string? Title { get; set; }
    public string? Slug { get; set; }
    public int? CategoryId { get; set; }
    public string? Summary { get; set; }
    public int SortOrder { get; set; } = 50;
    public string? Markdown { get; set; }
}

public sealed class HelpCategoryForm
{
    public string? Name { get; set; }
    public int SortOrder { get; set; } = 50;
}

public sealed record HelpArticleListRow(int Id, string Slug, string Title, bool IsPublished, bool Shipped, int SortOrder, DateTime UpdatedAtUtc, string UpdatedBy);

public sealed record HelpCategoryRow(int Id, string Name, string Slug, int SortOrder, List<HelpArticleListRow> Articles);

/// <summary>Staff edit the help centre: articles in Markdown (rendered and sanitized by
/// <see cref="MarkdownRenderer"/> wherever shown), categories, publish and unpublish. New articles
/// start as drafts. The address of an article shipped with the portal stays: the portal's own pages
/// and emails link to it. Every change writes one audit line.</summary>
public sealed partial class HelpArticleEditor(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    /// <summary>Paths of the help centre itself, which an article's address would shadow.</summary>
    private static readonly HashSet<string> ReservedSlugs = ["search", "new", "preview", "categories"];

    public async Task<List<HelpCategoryRow>> ListAsync(CancellationToken ct)
    {
        var categories = await db.HelpCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        var articles = await db.HelpArticles.AsNoTracking().OrderBy(a => a.SortOrder).ThenBy(a => a.Title)
            .Select(a => new { a.CategoryId, Row = new HelpArticleListRow(a.Id, a.Slug, a.Title, a.IsPublished, a.ShippedContentHash != null, a.SortOrder, a.UpdatedAtUtc, a.UpdatedBy) })
            .ToListAsync(ct);
        return categories.Select(c => new HelpCategoryRow(c.Id, c.Name, c.Slug, c.SortOrder, articles.Where(a => a.CategoryId == c.Id).Select(a => a.Row).ToList())).ToList();
    }

    public Task<HelpArticle?> GetAsync(int id, CancellationToken ct) =>
        db.HelpArticles.AsNoTracking().Include(a => a.Category).SingleOrDefaultAsync(a => a.Id == id, ct);

    public Task<List<HelpCategory>> CategoriesAsync(CancellationToken ct) =>
        db.HelpCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);

    /// <summary>Creates (<paramref name="id"/> null) or changes an article; hands back its id.</summary>
    public async Task<FormResult<int>> SaveAsync(int? id, HelpArticleForm form, StaffMember staff, CancellationToken ct)
    {
        HelpArticle? article = null;
        if (id is { } existingId && (article = await db.HelpArticles.SingleOrDefaultAsync(a => a.Id == existingId, ct)) is null)
        {
            return FormResult<int>.Missing();
        }
        var title = (form.Title ?? "").Trim();
        var summary = (form.Summary ?? "").Trim();
        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
        var slug = (form.Slug ?? "").Trim().ToLowerInvariant();
        if (slug.Length == 0 && article is null)
        {
            slug = HelpArticleSeeder.Slugify(title);
        }
        var errors = new Dictionary<string, string>();
        if (title.Length is < 3 or > 200)
        {
            errors[nameof(form.Title)] = "A title of 3 to 200 characters.";
        }
        if (summary.Length is < 10 or > 400)
        {
            errors[nameof(form.Summary)] = "One or two sentences (10 to 400 characters): shown in the list and in search results.";
        }
        if (markdown.Trim().Length == 0)
        {
            errors[nameof(form.Markdown)] = "The article has no text.";
        }
        else if (markdown.Length > HelpArticleLimits.Markdown)
        {
            errors[nameof(form.Markdown)] = $"At most {HelpArticleLimits.Markdown:N0} characters; split it into two articles.";
        }
        if (form.SortOrder is < 0 or > 999)
        {
            errors[nameof(form.SortOrder)] = "A number from 0 to 999 (lower comes first).";
        }
        if (form.CategoryId is not { } categoryId || !await db.HelpCategories.AnyAsync(c => c.Id == categoryId, ct))
        {
            errors[nameof(form.CategoryId)] = "Choose a category.";
        }
        if (article?.ShippedContentHash is not null && slug != article.Slug)
        {
            errors[nameof(form.Slug)] = $"This article ships with the portal, and the portal's pages and emails link to /help/{article.Slug}: its address stays.";
        }
        else if (!SlugPattern().IsMatch(slug) || ReservedSlugs.Contains(slug))
        {
            errors[nameof(form.Slug)] = "3 to 120 lower-case letters, digits and dashes, such as set-up-a-desk-phone.";
        }
        else if (await SlugTakenAsync(slug, article?.Id, ct) is { } other)
        {
            errors[nameof(form.Slug)] = $"/help/{slug} is already the address of \"{other}\".";
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors).With(0);
        }
        var created = article is null;
        if (article is null)
        {
            article = new HelpArticle { IsPublished = false };
            db.HelpArticles.Add(article);
        }
        var changed = new List<string>();
        void Note(bool differs, string what)
        {
            if (differs && !created)
            {
                changed.Add(what);
            }
        }
        Note(article.Title != title, "title");
        Note(article.Slug != slug, $"address {article.Slug} → {slug}");
        Note(article.CategoryId != form.CategoryId, "category");
        Note(article.Summary != summary, "summary");
        Note(article.SortOrder != form.SortOrder, "order");
        Note(article.Markdown != markdown, "text");
        if (!created && changed.Count == 0)
        {
            return FormResult<int>.Ok(article.Id, "Nothing changed.");
        }
        article.Title = title;
        article.Slug = slug;
        article.CategoryId = form.CategoryId!.Value;
        article.Summary = summary;
        article.SortOrder = form.SortOrder;
        article.Markdown = markdown;
        article.UpdatedAtUtc = unitOfWork.Now;
        article.UpdatedBy = staff.Email;
        audit.Record(created ? AuditActions.HelpArticleCreated : AuditActions.HelpArticleEdited, target: $"/help/{slug}",
            detail: created ? $"\"{title}\", a draft" : "Changed: " + string.Join(", ", changed));
        var result = await unitOfWork.CommitFormAsync(nameof(form.Slug), $"/help/{slug} was just taken by another article.", ct);
        return result.With(article.Id, created ? "Draft saved. Publish it when it is ready." : article.IsPublished ? "Saved; customers see the new version now." : "Saved (still a draft).");
    }

    public Task<HelpArticleTranslation?> GetTranslationAsync(int id, string culture, CancellationToken ct) =>
        db.HelpArticleTranslations.AsNoTracking().SingleOrDefaultAsync(x => x.ArticleId == id && x.Culture == culture, ct);

    /// <summary>Creates or changes the article's text in another language (decision 036): title, summary and
    /// text; address, category, order and publishing stay the English article's.</summary>
    public async Task<FormResult> SaveTranslationAsync(int id, string culture, HelpArticleForm form, StaffMember staff, CancellationToken ct)
    {
        var article = await db.HelpArticles.Include(a => a.Translations.Where(x => x.Culture == culture)).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (article is null || culture == Localisation.PortalCultures.English || !Localisation.PortalCultures.All.Contains(culture))
        {
            return FormResult.Missing();
        }
        var title = (form.Title ?? "").Trim();
        var summary = (form.Summary ?? "").Trim();
        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
        var errors = new Dictionary<string, string>();
        if (title.Length is < 2 or > 200)
        {
            errors[nameof(form.Title)] = "A title of 2 to 200 characters.";
        }
        if (summary.Length is < 5 or > 400)
        {
            errors[nameof(form.Summary)] = "One or two sentences (5 to 400 characters): shown in the list and in search results.";
        }
        if (markdown.Trim().Length == 0)
        {
            errors[nameof(form.Markdown)] = "The article has no text.";
        }
        else if (markdown.Length > HelpArticleLimits.Markdown)
        {
            errors[nameof(form.Markdown)] = $"At most {HelpArticleLimits.Markdown:N0} characters; split it into two articles.";
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }
        var translation = article.Translations.SingleOrDefault();
        var created = translation is null;
        if (translation is null)
        {
            translation = new HelpArticleTranslation { Culture = culture };
            article.Translations.Add(translation);
        }
        else if (translation.Title == title && translation.Summary == summary && translation.Markdown == markdown)
        {
            return FormResult.Ok("Nothing changed.");
        }
        translation.Title = title;
        translation.Summary = summary;
        translation.Markdown = markdown;
        translation.SearchText = HelpSearchText.For(title, summary, markdown);
        translation.UpdatedAtUtc = unitOfWork.Now;
        translation.UpdatedBy = staff.Email;
        audit.Record(AuditActions.HelpArticleEdited, target: $"/help/{article.Slug}", detail: created ? $"{culture} translation added" : $"{culture} translation changed");
        return await unitOfWork.CommitFormAsync(nameof(form.Title), "Someone saved this translation at the same moment; reload and try again.", ct) is { Succeeded: false } refused
            ? refused : FormResult.Ok(article.IsPublished ? $"Saved; customers reading {culture} see it now." : "Saved (the article is still a draft).");
    }

    public async Task<FormResult> SetPublishedAsync(int id, bool publish, CancellationToken ct)
    {
        var article = await db.HelpArticles.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return FormResult.Missing();
        }
        if (article.IsPublished == publish)
        {
            return FormResult.Ok(publish ? "Already published." : "Already unpublished.");
        }
        article.IsPublished = publish;
        audit.Record(publish ? AuditActions.HelpArticlePublished : AuditActions.HelpArticleUnpublished, target: $"/help/{article.Slug}", detail: article.Title);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(publish ? $"\"{article.Title}\" is published at /help/{article.Slug}." : $"\"{article.Title}\" is hidden from customers.");
    }

    /// <summary>Creates (<paramref name="id"/> null) or renames/reorders a category.</summary>
    public async Task<FormResult> SaveCategoryAsync(int? id, HelpCategoryForm form, CancellationToken ct)
    {
        HelpCategory? category = null;
        if (id is { } existingId && (category = await db.HelpCategories.SingleOrDefaultAsync(c => c.Id == existingId, ct)) is null)
        {
            return FormResult.Missing();
        }
        var name = (form.Name ?? "").Trim();
        var slug = HelpArticleSeeder.Slugify(name);
        if (name.Length is < 2 or > 80 || slug.Length == 0)
        {
            return FormResult.Refused("Name", "A name of 2 to 80 characters, with letters or digits.");
        }
        if (form.SortOrder is < 0 or > 999)
        {
            return FormResult.Refused("SortOrder", "A number from 0 to 999 (lower comes first).");
        }
        if (await db.HelpCategories.AnyAsync(c => (c.Name == name || c.Slug == slug) && c.Id != (id ?? 0), ct))
        {
            return FormResult.Refused("Name", $"There is already a category called {name}.");
        }
        var before = category is null ? null : $"{category.Name} ({category.SortOrder})";
        if (category is null)
        {
            category = new HelpCategory();
            db.HelpCategories.Add(category);
        }
        category.Name = name;
        category.Slug = slug;
        category.SortOrder = form.SortOrder;
        audit.Record(AuditActions.HelpCategorySaved, target: name, detail: before is null ? "Created." : $"Was {before}.");
        return await unitOfWork.CommitFormAsync("Name", $"There is already a category called {name}.", ct) is { Succeeded: false } refused
            ? refused : FormResult.Ok(before is null ? $"Category {name} added." : $"Category {name} saved.");
    }

    private Task<string?> SlugTakenAsync(string slug, int? exceptId, CancellationToken ct) =>
        db.HelpArticles.Where(a => a.Slug == slug && a.Id != (exceptId ?? 0)).Select(a => a.Title).FirstOrDefaultAsync(ct);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,118})[a-z0-9]$")]
    private static partial Regex SlugPattern();
}
