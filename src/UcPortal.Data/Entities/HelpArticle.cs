namespace UcPortal.Data.Entities;

public class HelpCategory
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public int SortOrder { get; set; }
    public List<HelpArticle> Articles { get; set; } = [];
}

/// <summary>A help-centre article, written in Markdown and rendered (sanitized) on display.</summary>
public class HelpArticle
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Markdown { get; set; } = "";
    public int CategoryId { get; set; }
    public HelpCategory? Category { get; set; }
    public int SortOrder { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Who saved it last: "shipped" for the text that came with the portal, else a staff email.</summary>
    public string UpdatedBy { get; set; } = "shipped";

    /// <summary>Unpublished articles are hidden from customers (list, search, page) but kept for staff.</summary>
    public bool IsPublished { get; set; } = true;

    /// <summary>Hash of the text as shipped with the portal. While the stored text still has this
    /// hash nobody has edited it, so a newer shipped version may replace it.</summary>
    public string? ShippedContentHash { get; set; }

    /// <summary>The article in other languages than English (the article's own columns are English).</summary>
    public List<HelpArticleTranslation> Translations { get; set; } = [];
}

/// <summary>An article in another language (decision 036): same address, category and order as the
/// English article. <see cref="SearchText"/> is title, summary and text normalised for search (NFKC,
/// lower case), so Chinese is matched by character pairs with a plain LIKE on both databases.</summary>
public class HelpArticleTranslation
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public HelpArticle? Article { get; set; }
    public string Culture { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string SearchText { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
    public string UpdatedBy { get; set; } = "shipped";
    public string? ShippedContentHash { get; set; }
}

public static class HelpArticleLimits
{
    public const int Markdown = 100_000;
}
