// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>
/// Caches one EF Core model per context type and key ring. Value converters capture their key ring's column protectors, so two
/// applications (hosts) with different rings must never share a model, while all contexts of one application share one.
/// </summary>
internal sealed class DataGuardModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime)
    {
        var extension = context.GetService<IDbContextOptions>().FindExtension<DataGuardOptionsExtension>();
        return new ModelKey(context.GetType(), designTime, extension?.Encryptor, extension?.PhoneNumbers?.Normalizer);
    }

    /// <summary>The cache key; the key ring is compared by reference. So is whether phone numbers are configured, which changes what the model accepts.</summary>
    private sealed record ModelKey(System.Type ContextType, bool DesignTime, object? KeyRing, object? PhoneNumbers);
}
