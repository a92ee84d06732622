// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Text;

namespace DataGuard.Encryption;

/// <summary>Trims, applies NFKC and upper-cases invariantly.</summary>
internal sealed class CaseInsensitiveNormalizer : IBlindIndexNormalizer
{
    public string Name => BlindIndexNormalizers.CaseInsensitive;

    public string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant();
    }
}
