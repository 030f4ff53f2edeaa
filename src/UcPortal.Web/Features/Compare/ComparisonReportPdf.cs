using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace UcPortal.Web.Features.Compare;

/// <summary>What the report shows: the comparison, who it is for and the link that starts their trial.</summary>
public sealed record ComparisonReport(
    string FullName, string Company, DateTime CreatedAtUtc, string Currency,
    ComparisonInputs Inputs, IReadOnlyDictionary<string, decimal> Assumptions, ComparisonResult Result, string TrialUrl);

/// <summary>The "Email me this report" PDF, drawn with PDFsharp (MIT; 6.2.4 is the last version
/// under the MIT licence, decision 030) in DejaVu Sans, embedded from the assembly so the same
/// report comes out on any server, with or without fonts installed.</summary>
public static class ComparisonReportPdf
{
    private const string Family = "DejaVu Sans";
    private static readonly XColor[] Colours = [XColor.FromArgb(0x86, 0x8e, 0x96), XColor.FromArgb(0x3b, 0x5b, 0xdb), XColor.FromArgb(0x20, 0xc9, 0x97)];
    private static readonly object FontLock = new();

    public static byte[] Render(ComparisonReport report)
    {
        UseEmbeddedFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Cost comparison for {report.Company}";
        document.Info.Author = "UcPortal";
        Draw(document, report);
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Draw(PdfDocument document, ComparisonReport r)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        var title = new XFont(Family, 18, XFontStyleEx.Bold);
        var heading = new XFont(Family, 12, XFontStyleEx.Bold);
        var body = new XFont(Family, 9.5);
        var bold = new XFont(Family, 9.5, XFontStyleEx.Bold);
        var small = new XFont(Family, 8);
        const double left = 50;
        var right = page.Width.Point - 50;
        double y = 60;
        string Money(decimal amount) => ComparisonMoney.Format(amount, r.Currency);
        void Text(string s, XFont f, double x, XBrush? brush = null) => gfx.DrawString(s, f, brush ?? XBrushes.Black, x, y);
        void RightText(string s, XFont f, double x) => gfx.DrawString(s, f, XBrushes.Black, new XRect(x - 200, y - f.Height + 2, 200, f.Height), XStringFormats.TopRight);

        Text("UcPortal · Hosted PBX and SIP trunks", small, left, XBrushes.DimGray);
        y += 26;
        Text($"Cost comparison for {r.Company}", title, left);
        y += 18;
        Text($"Prepared for {r.FullName} on {r.CreatedAtUtc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}: three years from today.", body, left, XBrushes.DimGray);

        y += 30;
        Text("Three-year total cost", heading, left);
        var best = r.Result.Options.MinBy(o => o.Total)!;
        var max = r.Result.Options.Max(o => o.Total);
        var index = 0;
        foreach (var option in r.Result.Options)
        {
            y += 22;
            Text(option.Name, bold, left);
            var width = max <= 0 ? 0 : (double)(option.Total / max) * 250;
            gfx.DrawRectangle(new XSolidBrush(Colours[index++ % Colours.Length]), left + 110, y - 10, Math.Max(1, width), 12);
            RightText(Money(option.Total), bold, right);
        }
        y += 24;
        var hosted = r.Result.Hosted;
        var breakEven = r.Result.HostedBreakEvenMonth switch
        {
            null => "Within three years, the hosted PBX does not cost less in total than staying on-premise.",
            1 => "The hosted PBX costs less in total from the first month.",
            var m => $"Break-even: by the end of month {m}, the hosted PBX has cost less in total than staying on-premise.",
        };
        Text(breakEven, body, left);
        y += 14;
        var saving = r.Result.OnPremise.Total - hosted.Total;
        Text(saving > 0 ? $"Over three years the hosted PBX saves {Money(saving)} against on-premise." : $"Over three years the hosted PBX costs {Money(-saving)} more than on-premise.", body, left);
        y += 14;
        Text($"Cheapest of the three: {best.Name}.", body, left);

        y += 28;
        Text("What each option costs", heading, left);
        foreach (var option in r.Result.Options)
        {
            y += 20;
            Text(option.Name, bold, left);
            RightText(Money(option.Total), bold, right);
            y += 13;
            Text(option.Description, small, left, XBrushes.DimGray);
            foreach (var line in option.Lines.Where(l => l.Total != 0))
            {
                y += 13;
                Text(line.Name, body, left + 12);
                RightText(Money(line.Total), body, right);
            }
        }

        y += 26;
        Text("Try the real service: start a free trial (no card needed), your details already filled in:", body, left);
        y += 14;
        var link = new XFont(Family, 8, XFontStyleEx.Underline);
        Text(r.TrialUrl, link, left, new XSolidBrush(XColor.FromArgb(0x1c, 0x4f, 0xd6)));
        var linkBox = gfx.Transformer.WorldToDefaultPage(new XRect(left, y - 10, Math.Min(right - left, gfx.MeasureString(r.TrialUrl, link).Width), 12));
        page.AddWebLink(new PdfRectangle(linkBox), r.TrialUrl);

        gfx.Dispose();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = 60;
        Text($"Cost comparison for {r.Company}: your figures and our assumptions", heading, left);
        y += 30;
        Text("What you told us", heading, left);
        var i = r.Inputs;
        var inputs = new List<(string, string)>
        {
            ("Seats / outside lines / sites", $"{i.Seats} / {i.Lines} / {i.Sites}"),
            ("Phone bill a month per site", Money(i.MonthlyBillPerSite)),
            ("Current PBX", i.Pbx == CurrentPbx.None ? "none" : $"on-premise, {i.PbxAgeYears} years old, bought for {Money(i.PbxPurchasePrice)}"),
            ("Yearly maintenance", $"{i.MaintenancePercent.ToString("0.##", CultureInfo.InvariantCulture)} % of the PBX's price"),
            ("IT time on the phone system", $"{i.ItHoursPerMonth.ToString("0.##", CultureInfo.InvariantCulture)} hours a month"),
            ("Expected growth", $"{i.GrowthPercentPerYear.ToString("0.##", CultureInfo.InvariantCulture)} % a year"),
        };
        foreach (var (label, value) in inputs)
        {
            y += 13;
            Text(label, body, left);
            Text(value, body, left + 200);
        }

        y += 26;
        Text("Assumptions", heading, left);
        foreach (var d in ComparisonRates.All)
        {
            y += 13;
            Text(d.Label, body, left);
            var value = r.Assumptions[d.Code];
            Text(d.Unit.StartsWith('%') ? $"{d.Format(value)} {d.Unit}" : $"{(d.WholeNumber ? d.Format(value) : ComparisonMoney.FormatPrecise(value, r.Currency))} {d.Unit}", body, left + 200);
        }
        y += 16;
        Text("Estimates from your figures and these assumptions, not a quote. Money already spent is not counted;", small, left, XBrushes.DimGray);
        y += 11;
        Text("desk phones and the internet connection are left out, as every option needs them.", small, left, XBrushes.DimGray);

        gfx.Dispose();
    }

    private static void UseEmbeddedFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

        public byte[] GetFont(string faceName)
        {
            using var stream = typeof(ComparisonReportPdf).Assembly.GetManifestResourceStream($"UcPortal.Compare.{faceName}.ttf")
                ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}

/// <summary>Amounts as the comparison shows them: whole units for totals ("$20,700"), cents for rates.</summary>
public static class ComparisonMoney
{
    public static string Symbol(string currency) => currency.ToUpperInvariant() switch { "USD" => "$", "EUR" => "€", "GBP" => "£", var c => c + " " };

    public static string Format(decimal amount, string currency) =>
        (amount < 0 ? "-" : "") + Symbol(currency) + Math.Round(Math.Abs(amount), 0, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture);

    public static string FormatPrecise(decimal amount, string currency) =>
        Symbol(currency) + amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00##", CultureInfo.InvariantCulture);
}
