// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>A call whose dialled number is normalised, then stored as a phone-shaped token; its reference is tokenized in the scope's tenant.</summary>
public sealed class DialledCall
{
    public int Id { get; set; }

    [PhoneNumber]
    [Tokenized(Format = TokenFormat.PhoneShaped)]
    public string? Dialled { get; set; }

    public string? Reference { get; set; }
}
