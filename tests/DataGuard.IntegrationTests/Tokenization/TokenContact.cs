// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>A contact whose number is tokenized per tenant, where the tenant may be <see langword="null"/> (a global contact).</summary>
public sealed class TokenContact
{
    public int Id { get; set; }

    public string? TenantId { get; set; }

    [Tokenized(TenantProperty = nameof(TenantId))]
    public string? Number { get; set; }
}
