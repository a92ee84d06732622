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
        var encryptor = context.GetService<IDbContextOptions>().FindExtension<DataGuardOptionsExtension>()?.Encryptor;
        return new ModelKey(context.GetType(), designTime, encryptor);
    }

    /// <summary>The cache key; the key ring is compared by reference.</summary>
    private sealed record ModelKey(System.Type ContextType, bool DesignTime, object? KeyRing);
}
