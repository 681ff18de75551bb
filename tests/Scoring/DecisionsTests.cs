using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

/// <summary>Decision boundaries with the default <see cref="DecisionPolicy"/> (25/45/65/85, margin 8) and band boundaries.</summary>
public sealed class DecisionsTests
{
    private static readonly DecisionPolicy D = new();
    private static readonly BandPolicy B = new();

    [Fact] // the shipped thresholds are 25/45/65/85 with a hysteresis margin of 8
    public void Default_decision_policy_values()
    {
        Assert.Equal((25, 45, 65, 85, 8), (D.Monitor, D.Review, D.Restrict, D.Suspend, D.HysteresisMargin));
        Assert.Equal(0, Decisions.Threshold(Decision.Allow, D));
        Assert.Equal(85, Decisions.Threshold(Decision.Suspend, D));
    }

    [Theory] // For: each decision starts exactly at its threshold; one below gives the decision under it
    [InlineData(0, Decision.Allow)]
    [InlineData(24, Decision.Allow)]
    [InlineData(25, Decision.Monitor)]
    [InlineData(44, Decision.Monitor)]
    [InlineData(45, Decision.Review)]
    [InlineData(64, Decision.Review)]
    [InlineData(65, Decision.Restrict)]
    [InlineData(84, Decision.Restrict)]
    [InlineData(85, Decision.Suspend)]
    [InlineData(100, Decision.Suspend)]
    public void For_boundaries(int score, Decision expected)
    {
        Assert.Equal(expected, Decisions.For(score, D));
    }

    [Theory] // Next from Allow rises as soon as a threshold is reached, and not one point before
    [InlineData(24, Decision.Allow)]
    [InlineData(25, Decision.Monitor)]
    [InlineData(44, Decision.Monitor)]
    [InlineData(45, Decision.Review)]
    [InlineData(64, Decision.Review)]
    [InlineData(65, Decision.Restrict)]
    [InlineData(84, Decision.Restrict)]
    [InlineData(85, Decision.Suspend)]
    public void Next_rises_at_threshold(int score, Decision expected)
    {
        Assert.Equal(expected, Decisions.Next(score, Decision.Allow, D));
    }

    [Theory] // Next from a lower decision jumps straight to the decision the score reaches
    [InlineData(Decision.Monitor, 85, Decision.Suspend)]
    [InlineData(Decision.Review, 65, Decision.Restrict)]
    [InlineData(Decision.Review, 64, Decision.Review)]
    [InlineData(Decision.Restrict, 85, Decision.Suspend)]
    [InlineData(Decision.Restrict, 84, Decision.Restrict)]
    public void Next_rises_from_a_lower_decision(Decision current, int score, Decision expected)
    {
        Assert.Equal(expected, Decisions.Next(score, current, D));
    }

    [Theory] // hysteresis: a decision holds down to threshold − margin and steps down one point below it
    [InlineData(Decision.Monitor, 17, Decision.Monitor)]
    [InlineData(Decision.Monitor, 16, Decision.Allow)]
    [InlineData(Decision.Review, 37, Decision.Review)]
    [InlineData(Decision.Review, 36, Decision.Monitor)]
    [InlineData(Decision.Restrict, 57, Decision.Restrict)]
    [InlineData(Decision.Restrict, 56, Decision.Review)]
    [InlineData(Decision.Suspend, 77, Decision.Suspend)]
    [InlineData(Decision.Suspend, 76, Decision.Restrict)]
    public void Next_steps_down_only_below_threshold_minus_margin(Decision current, int score, Decision expected)
    {
        Assert.Equal(expected, Decisions.Next(score, current, D));
    }

    [Theory] // a large drop steps down through every level whose threshold − margin the score is below
    [InlineData(Decision.Suspend, 0, Decision.Allow)]
    [InlineData(Decision.Suspend, 16, Decision.Allow)]
    [InlineData(Decision.Suspend, 17, Decision.Monitor)]
    [InlineData(Decision.Suspend, 36, Decision.Monitor)]
    [InlineData(Decision.Suspend, 37, Decision.Review)]
    [InlineData(Decision.Suspend, 56, Decision.Review)]
    [InlineData(Decision.Suspend, 57, Decision.Restrict)]
    [InlineData(Decision.Restrict, 10, Decision.Allow)]
    public void Next_steps_down_several_levels(Decision current, int score, Decision expected)
    {
        Assert.Equal(expected, Decisions.Next(score, current, D));
    }

    [Fact] // a decision is kept while the score sits at its threshold − margin, however often it is rescored
    public void Next_holds_at_threshold_minus_margin_repeatedly()
    {
        var current = Decision.Review;
        foreach (var score in new[] { 37, 44, 37, 45, 37, 40 })
        {
            current = Decisions.Next(score, current, D);
            Assert.Equal(Decision.Review, current);
        }
    }

    [Theory] // Bands.Of: medium from 25, high from 50, critical from 75
    [InlineData(0, Band.Low)]
    [InlineData(24, Band.Low)]
    [InlineData(25, Band.Medium)]
    [InlineData(49, Band.Medium)]
    [InlineData(50, Band.High)]
    [InlineData(74, Band.High)]
    [InlineData(75, Band.Critical)]
    [InlineData(100, Band.Critical)]
    public void Band_boundaries(int score, Band expected)
    {
        Assert.Equal(expected, Bands.Of(score, B));
    }
}
