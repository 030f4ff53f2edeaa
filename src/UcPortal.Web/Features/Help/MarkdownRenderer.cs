using Ganss.Xss;
using Markdig;

namespace UcPortal.Web.Features.Help;

/// <summary>Markdown to HTML for help articles. The output is sanitized even though staff write
/// the articles: an article is content, and content must never be able to run script.</summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? "", _pipeline);
        // Bootstrap styling for tables, added after parsing so the Markdown stays plain.
        html = html.Replace("<table>", "<table class=\"table table-sm table-bordered\">", StringComparison.Ordinal);
        return _sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedAttributes.Add("class");
        s.AllowedAttributes.Add("id");
        s.AllowedSchemes.Add("mailto");
        s.AllowedSchemes.Add("tel");
        s.AllowedSchemes.Add("sip");
        return s;
    }
}
