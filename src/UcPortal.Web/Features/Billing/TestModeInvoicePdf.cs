using System.Globalization;
using System.Text;

namespace UcPortal.Web.Features.Billing;

/// <summary>A one-page PDF of a test-mode invoice, so the billing page's "PDF" link works without
/// Stripe. Written by hand (PDF 1.4, the standard Helvetica fonts, no embedding): a PDF library
/// for one page of text in test mode would cost more than it saves.</summary>
public static class TestModeInvoicePdf
{
    public static byte[] Render(BillingInvoice invoice, string company)
    {
        var periodEnd = invoice.PeriodEndUtc;
        var period = periodEnd is { } end ? $"{end.AddMonths(-1):d MMM yyyy} to {end:d MMM yyyy}" : "";
        var lines = new List<(string Font, int Size, int X, int Y, string Text)>
        {
            ("F2", 22, 50, 770, "UcPortal"),
            ("F1", 10, 50, 752, "Hosted PBX and SIP trunks"),
            ("F2", 14, 380, 770, "TEST MODE INVOICE"),
            ("F1", 10, 380, 752, "Nobody was charged for this invoice."),
            ("F2", 12, 50, 690, "Invoice " + invoice.Number),
            ("F1", 11, 50, 670, "Date: " + invoice.CreatedAtUtc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            ("F1", 11, 50, 652, "Billed to: " + company),
            ("F1", 11, 50, 634, "Status: " + (invoice.Status == "paid" ? "Paid" : invoice.Status == "open" ? "Open (payment failed)" : invoice.Status)),
            ("F2", 11, 50, 590, "Description"),
            ("F2", 11, 460, 590, "Amount"),
            ("F1", 11, 50, 570, "UcPortal subscription" + (period.Length > 0 ? ", " + period : "")),
            ("F1", 11, 460, 570, Money.Format(invoice.AmountCents, invoice.Currency)),
            ("F2", 12, 50, 530, "Total"),
            ("F2", 12, 460, 530, Money.Format(invoice.AmountCents, invoice.Currency) + " " + invoice.Currency.ToUpperInvariant()),
        };
        var content = new StringBuilder();
        content.Append("0.8 0.8 0.8 RG 50 605 m 545 605 l S 50 550 m 545 550 l S\n");
        foreach (var (font, size, x, y, text) in lines)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /{font} {size} Tf {x} {y} Td ({Escape(text)}) Tj ET\n");
        }
        var stream = Latin1(content.ToString());

        var objects = new List<byte[]>
        {
            Latin1("<< /Type /Catalog /Pages 2 0 R >>"),
            Latin1("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Latin1("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"),
            Latin1("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            Latin1("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"),
            Latin1("<< /Length " + stream.Length.ToString(CultureInfo.InvariantCulture) + " >>\nstream\n").Concat(stream).Concat(Latin1("\nendstream")).ToArray(),
        };
        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, $"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write(pdf, "\nendobj\n");
        }
        var xref = pdf.Position;
        Write(pdf, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(pdf, offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }
        Write(pdf, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static void Write(Stream s, string text) => s.Write(Latin1(text));

    /// <summary>WinAnsi is Latin-1 plus a few signs; the euro sign is the one our amounts use.</summary>
    private static byte[] Latin1(string text) =>
        text.Select(c => c == '€' ? (byte)0x80 : c <= 0xFF ? (byte)c : (byte)'?').ToArray();

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
}
