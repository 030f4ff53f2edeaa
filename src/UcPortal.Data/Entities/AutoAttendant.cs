namespace UcPortal.Data.Entities;

/// <summary>An auto attendant (IVR menu): the media engine answers, plays the prompt and sends the caller
/// where the key they press leads (decision 026). Numbers reach it through their routing (open or closed
/// destination), so business-hours variants are two menus on one number's schedule.</summary>
public class AutoAttendant
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>What the caller hears, spoken by espeak-ng in the tenant's language, unless <see cref="PromptFile"/> is set.</summary>
    public string PromptText { get; set; } = "";

    /// <summary>An uploaded prompt (8 kHz mono WAV, converted on upload) in the tenant's voicemail folder; null = spoken text.</summary>
    public string? PromptFile { get; set; }

    /// <summary>Seconds the menu waits for a key after the prompt before it takes <see cref="TimeoutDestination"/>.</summary>
    public int TimeoutSeconds { get; set; } = 8;

    /// <summary>The keys as "digit=Kind:Target" lines (digits 0-9, * and #), e.g. "2=Extension:102", and
    /// "digit=Repeat" for a key that plays the menu again (<see cref="RepeatKeys"/>).</summary>
    public string Keys { get; set; } = "";
    public CallDestination TimeoutDestination { get; set; } = CallDestination.None;
    public CallDestination InvalidDestination { get; set; } = CallDestination.None;
    public DateTime CreatedAtUtc { get; set; }

    public const string Digits = "123456789*0#";

    /// <summary>The value of a key that plays the menu again.</summary>
    public const string Repeat = "Repeat";

    /// <summary>Times a caller can have the menu played again; the next press of a repeat key takes the
    /// timeout action (a stuck caller does not stay in the menu for ever).</summary>
    public const int MaxRepeats = 2;

    /// <summary>Keys that play the menu again.</summary>
    public string RepeatKeys() => new([.. Keys.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(l => l.Length > 2 && l[1] == '=' && l[2..].Trim() == Repeat && Digits.Contains(l[0]))
        .Select(l => l[0]).Distinct().OrderBy(Digits.IndexOf)]);

    public Dictionary<char, CallDestination> KeyMap()
    {
        var map = new Dictionary<char, CallDestination>();
        foreach (var line in Keys.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=');
            var colon = line.IndexOf(':', eq + 1);
            if (eq != 1 || colon < 0 || !Enum.TryParse<DestinationKind>(line[(eq + 1)..colon], out var kind))
            {
                continue;
            }
            map[line[0]] = CallDestination.To(kind, line[(colon + 1)..].Trim());
        }
        return map;
    }

    public static string FormatKeys(IEnumerable<KeyValuePair<char, CallDestination>> keys, string repeatKeys = "") =>
        string.Join('\n', keys.Where(k => k.Value.IsSet).Select(k => (k.Key, Line: $"{k.Key}={k.Value.Kind}:{k.Value.Target}"))
            .Concat(repeatKeys.Where(Digits.Contains).Distinct().Select(k => (Key: k, Line: $"{k}={Repeat}")))
            .OrderBy(k => Digits.IndexOf(k.Key)).Select(k => k.Line));
}
