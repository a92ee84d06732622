// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Benchmarks;

/// <summary>Which call-log table a benchmark uses.</summary>
public enum CallKind
{
    /// <summary>No DataGuard.</summary>
    Plain,

    /// <summary>DataGuard with the default AES-256-GCM.</summary>
    Aes,

    /// <summary>DataGuard with AEGIS-256.</summary>
    Aegis,
}
