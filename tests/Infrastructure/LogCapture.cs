using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry the host's filters let through to it, so a test can
/// count what a console would have printed under the same configuration.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>The entries so far, in the order they were logged.</summary>
    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _lines);

    public void Dispose()
    {
    }

    /// <summary>One entry as a logger provider receives it.</summary>
    public sealed record LogLine(string Category, LogLevel Level, string Message)
    {
        public override string ToString() => $"{Level} {Category}: {Message}";
    }

    private sealed class Capturing(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // The factory applies the configured levels before an entry reaches a provider's logger.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception)));
    }
}
