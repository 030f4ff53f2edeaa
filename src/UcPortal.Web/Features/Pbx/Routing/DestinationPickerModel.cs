namespace UcPortal.Web.Features.Pbx.Routing;

public sealed record DestinationPickerModel(string Name, string Label, DestinationInput Current, IReadOnlyList<DestinationOption> Options, string? Help = null);
