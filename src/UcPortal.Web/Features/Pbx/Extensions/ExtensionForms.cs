using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Extensions;

public sealed class AddExtensionForm
{
    public string Number { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Email { get; set; }
}

/// <summary>Members post only the forwarding fields and DND; the other fields are ignored for them.</summary>
public sealed class EditExtensionForm
{
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public int? CallerIdNumberId { get; set; }
    public bool DoNotDisturb { get; set; }

    /// <summary>The mailbox takes the calls the extension misses when no forwarding applies.</summary>
    public bool Voicemail { get; set; }
    public DestinationInput ForwardAlways { get; set; } = new();
    public DestinationInput ForwardBusy { get; set; } = new();
    public DestinationInput ForwardNoAnswer { get; set; } = new();
    public int NoAnswerSeconds { get; set; } = 20;
    public DestinationInput ForwardUnregistered { get; set; } = new();
}
