// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>Hashes values as they are.</summary>
internal sealed class OrdinalNormalizer : IBlindIndexNormalizer
{
    public string Name => BlindIndexNormalizers.Ordinal;

    public string Normalize(string value) => value;
}
