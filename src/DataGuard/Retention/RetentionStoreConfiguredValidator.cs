// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>Fails start-up when retention is on but no retention store is registered.</summary>
internal sealed class RetentionStoreConfiguredValidator(IServiceProviderIsService isService) : IValidateOptions<RetentionOptions>
{
    /// <summary>The failure message.</summary>
    public const string Message =
        "AddRetention needs a retention store: call UseEntityFrameworkCore<TContext>() (package DataGuard.EFCore) in AddDataGuard(...) "
        + "so that policies run over your database, and modelBuilder.AddDataGuard() for the lease, hold, choice and run tables.";

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
        => isService.IsService(typeof(IRetentionService)) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Message);
}
