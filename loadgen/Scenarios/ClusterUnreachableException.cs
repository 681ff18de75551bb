namespace IpGuard.LoadGen.Scenarios;

/// <summary>The direct scenario could not join the cluster in time; the message says where it looked and what to check.</summary>
internal sealed class ClusterUnreachableException(string message, Exception? inner) : Exception(message, inner);
