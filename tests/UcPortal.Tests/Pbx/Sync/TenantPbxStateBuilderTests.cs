using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Tests.Pbx.Sync;

public sealed class TenantPbxStateBuilderTests
{
    [Fact]
    public void ATrunkDestination_NamesTheTrunkTheWayTheSipCoreKeysIt()
    {
        // The portal stores a trunk id with hyphens; kamailio.cfg looks up k:<domain>:<id in N form>.
        var trunkId = Guid.NewGuid();

        var mapped = TenantPbxStateBuilder.Map(CallDestination.To(DestinationKind.Trunk, trunkId.ToString()));

        Assert.Equal(new PbxDestination("trunk", trunkId.ToString("N")), mapped);
    }

    [Theory]
    [InlineData(DestinationKind.Extension, "101", "extension")]
    [InlineData(DestinationKind.RingGroup, "600", "ringgroup")]
    [InlineData(DestinationKind.External, "+447701900123", "external")]
    public void OtherDestinations_KeepTheirTarget(DestinationKind kind, string target, string sipCoreKind) =>
        Assert.Equal(new PbxDestination(sipCoreKind, target), TenantPbxStateBuilder.Map(CallDestination.To(kind, target)));

    [Fact]
    public void NoDestination_IsNone() => Assert.False(TenantPbxStateBuilder.Map(CallDestination.None).IsSet);
}
