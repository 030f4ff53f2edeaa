using UcPortal.Data.Entities;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Tests.Pbx;

public sealed class RoutingGraphTests
{
    private static CallDestination Ext(string n) => CallDestination.To(DestinationKind.Extension, n);

    private static CallDestination Group(string n) => CallDestination.To(DestinationKind.RingGroup, n);

    [Fact]
    public void TwoExtensionsForwardingToEachOther_AreALoop()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("102", [Ext("101")]);
        graph.SetDestinations("101", [Ext("102")]);

        Assert.Equal(["101", "102", "101"], graph.FindLoopThrough("101"));
    }

    [Fact]
    public void AChainThatEndsOutside_IsNoLoop()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("101", [Ext("102")]);
        graph.SetDestinations("102", [Group("600")]);
        graph.SetDestinations("600", [CallDestination.To(DestinationKind.External, "+442079460123")]);

        Assert.Null(graph.FindLoopThrough("101"));
    }

    [Fact]
    public void AGroupWhoseNoAnswerDestinationIsItself_IsALoop()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("600", [Group("600")]);

        Assert.Equal(["600", "600"], graph.FindLoopThrough("600"));
    }

    [Fact]
    public void AGroupThatLeadsBackThroughAnExtensionsBusyForwarding_IsALoop()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("101", [CallDestination.None, Group("600")]);
        graph.SetDestinations("600", [Ext("103")]);
        graph.SetDestinations("103", [Ext("101")]);

        Assert.Equal("600 → 103 → 101 → 600", RoutingGraph.Describe(graph.FindLoopThrough("600")!));
    }

    [Fact]
    public void ALoopElsewhere_IsNotBlamedOnTheChangedExtension()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("102", [Ext("103")]);
        graph.SetDestinations("103", [Ext("102")]);
        graph.SetDestinations("101", [Ext("102")]);

        Assert.Null(graph.FindLoopThrough("101"));
    }

    [Fact]
    public void TwoPathsToTheSameExtension_AreNoLoop()
    {
        var graph = new RoutingGraph();
        graph.SetDestinations("101", [Ext("102"), Ext("103")]);
        graph.SetDestinations("102", [Ext("104")]);
        graph.SetDestinations("103", [Ext("104")]);

        Assert.Null(graph.FindLoopThrough("101"));
    }
}
