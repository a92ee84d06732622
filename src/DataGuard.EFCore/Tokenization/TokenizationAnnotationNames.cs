// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// The model annotations of tokenized properties. <see cref="TokenizedAttribute"/> and <c>.IsTokenized()</c> both end as these, and
/// the interceptor reads only them.
/// </summary>
internal static class TokenizationAnnotationNames
{
    /// <summary>The token format (<see cref="TokenFormat"/> as an <see cref="int"/>); its presence marks the property as tokenized.</summary>
    public const string Tokenized = "DataGuard:Tokenized";

    /// <summary>The name of the property of the same entity that holds the tenant.</summary>
    public const string TenantProperty = "DataGuard:TokenTenantProperty";

    /// <summary>The runtime annotation that caches the tokenized properties of a model.</summary>
    public const string TokenizedProperties = "DataGuard:TokenizedProperties";

    /// <summary>The runtime annotation that caches the vault table's mapping on its entity type.</summary>
    public const string VaultTable = "DataGuard:VaultTable";
}
