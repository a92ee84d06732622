// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard.EFCore.Encryption;

/// <summary>
/// Stores the key ring in the <c>DataGuardKeys</c> table of <typeparamref name="TContext"/> (added by <c>modelBuilder.AddDataGuard()</c>).
/// Each call uses a fresh context from a new scope.
/// </summary>
/// <typeparam name="TContext">The context that holds the table.</typeparam>
internal sealed class DbContextKeyStore<TContext>(IServiceScopeFactory scopes) : IKeyStore, IDbContextKeyStore
    where TContext : DbContext
{
    public Type ContextType => typeof(TContext);

    public async Task<IReadOnlyList<KeyRecord>> GetKeysAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var context = Resolve(scope);
        var rows = await Keys(context).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(row => new KeyRecord
        {
            Id = new KeyId(row.Id),
            Purpose = (KeyPurpose)row.Purpose,
            Scope = row.Scope,
            CreatedAt = row.CreatedAt,
            ActivatedAt = row.ActivatedAt,
            DestroyedAt = row.DestroyedAt,
            WrappedKey = row.WrappedKey ?? [],
            KeyEncryptionKeyId = row.KeyEncryptionKeyId,
        }).ToList();
    }

    public async Task AddKeyAsync(KeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var scope = scopes.CreateScope();
        var context = Resolve(scope);
        Keys(context).Add(new DataGuardKeyEntity
        {
            Id = key.Id.Value,
            Purpose = (int)key.Purpose,
            Scope = key.Scope,
            CreatedAt = key.CreatedAt,
            ActivatedAt = key.ActivatedAt,
            DestroyedAt = key.DestroyedAt,
            WrappedKey = key.WrappedKey.ToArray(),
            KeyEncryptionKeyId = key.KeyEncryptionKeyId,
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkDestroyedAsync(KeyId id, DateTimeOffset destroyedAt, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var context = Resolve(scope);
        var updated = await Keys(context)
            .Where(k => k.Id == id.Value)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.DestroyedAt, destroyedAt).SetProperty(k => k.WrappedKey, (byte[]?)null), cancellationToken)
            .ConfigureAwait(false);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Key {id} is not in the DataGuardKeys table of {typeof(TContext).Name}.");
        }
    }

    private static TContext Resolve(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<TContext>();

    private static DbSet<DataGuardKeyEntity> Keys(TContext context)
    {
        if (context.Model.FindEntityType(typeof(DataGuardKeyEntity)) is null)
        {
            throw new InvalidOperationException(
                $"{typeof(TContext).Name} holds DataGuard's key ring but its model has no DataGuardKeys table. Call modelBuilder.AddDataGuard() in OnModelCreating.");
        }

        return context.Set<DataGuardKeyEntity>();
    }
}
