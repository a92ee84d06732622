// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DataGuard.EFCore.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>
/// Fails start-up when a context passed to <c>UseEntityFrameworkCore</c> is not configured with <c>UseDataGuard(sp)</c>
/// or its model lacks DataGuard's tables, with the call that fixes it.
/// </summary>
internal sealed class EntityFrameworkCoreIntegrationValidator(IServiceScopeFactory scopes) : IValidateOptions<EntityFrameworkCoreIntegrationOptions>
{
    public ValidateOptionsResult Validate(string? name, EntityFrameworkCoreIntegrationOptions options)
    {
        var failures = new List<string>();
        using var scope = scopes.CreateScope();
        foreach (var contextType in options.ContextTypes)
        {
            if (scope.ServiceProvider.GetService(contextType) is not DbContext context)
            {
                failures.Add($"{contextType.Name} is not registered: call services.AddDbContext<{contextType.Name}>((sp, o) => o.Use...(...).UseDataGuard(sp)).");
                continue;
            }

            var extension = context.GetService<IDbContextOptions>().FindExtension<DataGuardOptionsExtension>();
            if (extension is null)
            {
                failures.Add($"{contextType.Name} is not configured for DataGuard: add .UseDataGuard(sp) in AddDbContext<{contextType.Name}>((sp, o) => o.Use...(...).UseDataGuard(sp)).");
                continue;
            }

            if (scope.ServiceProvider.GetService<global::DataGuard.Encryption.IKeyStore>() is IDbContextKeyStore store
                && store.ContextType == contextType
                && context.Model.FindEntityType(typeof(DataGuardKeyEntity)) is null)
            {
                failures.Add($"{contextType.Name} holds DataGuard's key ring but its model has no DataGuardKeys table: call modelBuilder.AddDataGuard() in its OnModelCreating.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
