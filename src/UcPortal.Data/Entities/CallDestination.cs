namespace UcPortal.Data.Entities;

/// <summary>Where a call goes: an extension, a ring group, a tenant's SIP trunk, an external
/// number (E.164), voicemail of an extension, or nowhere (reject / hang up).
/// Stored inline (owned type) by every object that routes calls.</summary>
public sealed class CallDestination
{
    public DestinationKind Kind { get; set; }

    /// <summary>Extension or ring-group number, trunk id, or E.164 number, by <see cref="Kind"/>.</summary>
    public string Target { get; set; } = "";

    public static CallDestination None => new() { Kind = DestinationKind.None };

    public static CallDestination To(DestinationKind kind, string target) => new() { Kind = kind, Target = target };

    public bool IsSet => Kind != DestinationKind.None;

    public override string ToString() => Kind == DestinationKind.None ? "nowhere" : $"{Kind}:{Target}";
}

public enum DestinationKind
{
    None = 0,
    Extension = 1,
    RingGroup = 2,
    External = 3,
    Trunk = 4,
    Voicemail = 5,

    /// <summary>An auto attendant; Target = its id.</summary>
    Menu = 6,
}
