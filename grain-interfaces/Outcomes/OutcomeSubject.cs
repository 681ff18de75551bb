namespace IpGuard.GrainInterfaces;

/// <summary>What a labelled outcome judged: a seller or a listing.</summary>
public enum OutcomeSubject { Seller, Listing }
