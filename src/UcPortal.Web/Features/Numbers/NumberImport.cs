using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace UcPortal.Web.Features.Numbers;

/// <summary>A line of the file that cannot be imported, and why.</summary>
public sealed record BadImportLine(int Line, string Reason);

public sealed class NumberImportResult
{
    public int Imported { get; init; }
    public List<BadImportLine> BadLines { get; init; } = [];
    /// <summary>A fault of the file as a whole (none given, wrong header, too large); no line to point at.</summary>
    public string? FileError { get; init; }
    public bool Succeeded => FileError is null && BadLines.Count == 0;
}

/// <summary>Imports numbers into the inventory from a CSV file with the header
/// <c>e164,country,region,city,type,pool,monthly_cost</c>. All or nothing: every line is checked
/// first (format, duplicates within the file, numbers already in the inventory) and every bad one is
/// reported with its line number; only a file without a bad line is written, in one transaction. A
/// concurrent import of the same number loses on the unique index and the whole file is refused.</summary>
public sealed partial class NumberImport(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public const int MaxRows = 100_000;
    public static readonly string[] Header = ["e164", "country", "region", "city", "type", "pool", "monthly_cost"];

    public async Task<NumberImportResult> RunAsync(Stream? file, string? fileName, CancellationToken ct)
    {
        if (file is null)
        {
            return new NumberImportResult { FileError = "Choose a CSV file to import." };
        }
        string text;
        using (var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = await reader.ReadToEndAsync(ct);
        }
        var lines = text.Split('\n');
        var header = lines.Length > 0 ? SplitCsv(lines[0].TrimEnd('\r')) : null;
        if (header is null || !header.Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Header))
        {
            return new NumberImportResult { FileError = $"The first line must be the header {string.Join(",", Header)}." };
        }

        var bad = new List<BadImportLine>();
        var numbers = new List<(int Line, PhoneNumber Number)>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            if (raw.Trim().Length == 0)
            {
                continue;
            }
            var lineNumber = i + 1;
            if (numbers.Count + bad.Count >= MaxRows)
            {
                return new NumberImportResult { FileError = $"The file has more than {MaxRows:N0} numbers: split it into smaller files." };
            }
            var (number, reason) = ParseRow(raw);
            if (number is null)
            {
                bad.Add(new BadImportLine(lineNumber, reason!));
                continue;
            }
            if (firstLineOf.TryGetValue(number.E164, out var first))
            {
                bad.Add(new BadImportLine(lineNumber, $"{number.E164} is already on line {first} of this file."));
                continue;
            }
            firstLineOf[number.E164] = lineNumber;
            numbers.Add((lineNumber, number));
        }
        if (numbers.Count == 0 && bad.Count == 0)
        {
            return new NumberImportResult { FileError = "The file has a header but no numbers." };
        }

        // Numbers already in the inventory, asked in chunks so the IN list stays small.
        foreach (var chunk in numbers.Chunk(500))
        {
            var e164s = chunk.Select(n => n.Number.E164).ToList();
            var existing = (await db.PhoneNumbers.Where(n => e164s.Contains(n.E164)).Select(n => n.E164).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            bad.AddRange(chunk.Where(n => existing.Contains(n.Number.E164))
                .Select(n => new BadImportLine(n.Line, $"{n.Number.E164} is already in the inventory.")));
        }
        if (bad.Count > 0)
        {
            return new NumberImportResult { BadLines = bad.OrderBy(b => b.Line).ToList() };
        }

        db.PhoneNumbers.AddRange(numbers.Select(n => n.Number));
        var pools = string.Join(", ", numbers.GroupBy(n => n.Number.Pool).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        audit.Record(AuditActions.NumbersImported, target: Clip(fileName ?? "numbers.csv"), detail: $"{numbers.Count} numbers imported ({pools}).");
        var committed = await unitOfWork.CommitFormAsync("", "Another import added some of these numbers at the same time: nothing was imported, check the file again.", ct);
        return committed.Succeeded
            ? new NumberImportResult { Imported = numbers.Count }
            : new NumberImportResult { FileError = committed.Error };
    }

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200];

    /// <summary>One data row to a number, or the reason it is refused (the first fault found).</summary>
    internal static (PhoneNumber? Number, string? Reason) ParseRow(string raw)
    {
        var fields = SplitCsv(raw);
        if (fields is null)
        {
            return (null, "A quoted field is not closed.");
        }
        if (fields.Count != Header.Length)
        {
            return (null, $"Expected {Header.Length} fields ({string.Join(",", Header)}), found {fields.Count}.");
        }
        var f = fields.Select(x => x.Trim()).ToArray();
        var e164 = f[0];
        if (!E164Pattern().IsMatch(e164))
        {
            return (null, $"\"{Shorten(e164)}\" is not an E.164 number (+ then 8 to 15 digits, no spaces, e.g. +442079460100).");
        }
        var country = f[1].ToUpperInvariant();
        if (!CountryPattern().IsMatch(country))
        {
            return (null, $"Country \"{Shorten(f[1])}\" is not a two-letter ISO code such as GB or US.");
        }
        if (f[2].Length > 80)
        {
            return (null, "The region is longer than 80 characters.");
        }
        if (f[3].Length is 0 or > 80)
        {
            return (null, f[3].Length == 0 ? "The city is empty (toll-free numbers use \"Toll-free\")." : "The city is longer than 80 characters.");
        }
        NumberType? type = f[4].ToLowerInvariant() switch
        {
            "local" => NumberType.Local,
            "toll-free" or "tollfree" or "toll_free" => NumberType.TollFree,
            _ => null,
        };
        if (type is null)
        {
            return (null, $"Type \"{Shorten(f[4])}\" is not local or toll-free.");
        }
        NumberPool? pool = f[5].ToLowerInvariant() switch
        {
            "trial" => NumberPool.Trial,
            "paid" => NumberPool.Paid,
            _ => null,
        };
        if (pool is null)
        {
            return (null, $"Pool \"{Shorten(f[5])}\" is not trial or paid.");
        }
        if (!decimal.TryParse(f[6], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) || cost > 1000m || decimal.Round(cost, 2) != cost)
        {
            return (null, $"Monthly cost \"{Shorten(f[6])}\" is not an amount from 0 to 1000 with at most two decimals, e.g. 1.25.");
        }
        return (new PhoneNumber
        {
            E164 = e164,
            Country = country,
            Region = f[2],
            City = f[3],
            Type = type.Value,
            Pool = pool.Value,
            Status = NumberStatus.Available,
            MonthlyCostCents = (int)(cost * 100),
        }, null);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote); null when a quote is not closed.</summary>
    internal static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted)
        {
            return null;
        }
        fields.Add(field.ToString());
        return fields;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164Pattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
