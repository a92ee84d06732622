// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.EFCore.Retention;

/// <summary>
/// Fails start-up when a retention policy does not fit the EF model of <typeparamref name="TContext"/> (unknown or ambiguous entity,
/// wrong timestamp type, a required property without a marker, a composite key where rows must be addressed, a DateTimeOffset timestamp
/// on SQLite without <c>.IsUtcTimestamp()</c>, a hooked type deleted by cascade, no retention tables), with the message the first run
/// would otherwise throw. Only the model is read: no database connection is opened.
/// </summary>
/// <remarks>
/// Resolving the context must not need <see cref="RetentionOptions"/> (it does not: the context, its interceptors and conventions never
/// read them); a guard still returns success when the validation re-enters itself on the same thread, instead of recursing.
/// </remarks>
/// <typeparam name="TContext">The application's context.</typeparam>
internal sealed class RetentionModelValidator<TContext>(IServiceScopeFactory scopes, IServiceProviderIsService isService) : IValidateOptions<RetentionOptions>
    where TContext : DbContext
{
    [ThreadStatic]
    private static bool _validating;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Policies.Count == 0 || _validating)
        {
            return ValidateOptionsResult.Success;
        }

        _validating = true;
        try
        {
            using var scope = scopes.CreateScope();

            // An unregistered or unconfigured context is reported by the EF integration validator.
            if (scope.ServiceProvider.GetService<TContext>() is not { } context)
            {
                return ValidateOptionsResult.Success;
            }

            var model = context.Model;
            if (model.FindEntityType(typeof(DataGuardLeaseEntity)) is null)
            {
                return ValidateOptionsResult.Fail(
                    $"{typeof(TContext).Name} runs retention but its model has no {RetentionModel.LeaseTableName} table. Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
            }

            var sqlite = string.Equals(context.Database.ProviderName, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal);
            var failures = RetentionPolicyModel.Validate(model, options, sqlite, isService.IsService);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
        finally
        {
            _validating = false;
        }
    }
}
