namespace Famfs.Lifecycle;

/// <summary>One event delivered to token subscribers; <paramref name="Detail"/> says what and why, for logs.</summary>
public readonly record struct TokenEvent(LifecycleToken Token, TokenEventKind Kind, string? Detail);
