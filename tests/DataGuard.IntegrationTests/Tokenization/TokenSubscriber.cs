// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Tokenization;

/// <summary>A subscriber whose number is tokenized per tenant (the tenant is a property of the row).</summary>
public sealed class TokenSubscriber
{
    public int Id { get; set; }

    public string TenantId { get; set; } = "";

    [Tokenized(TenantProperty = nameof(TenantId))]
    public string? Number { get; set; }

    public string? Name { get; set; }
}
