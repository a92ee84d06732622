// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Auditing;

/// <summary>Fails start-up when auditing is on but no audit store is registered.</summary>
internal sealed class AuditStoreConfiguredValidator(IServiceProviderIsService isService) : IValidateOptions<AuditOptions>
{
    /// <summary>The failure message (also thrown when the pipeline needs the store outside a host).</summary>
    public const string Message =
        "AddAudit needs an audit store: call UseEntityFrameworkCore<TContext>() (package DataGuard.EFCore) in AddDataGuard(...) "
        + "so that audit records are stored in your database.";

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
        => isService.IsService(typeof(IAuditStore)) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Message);
}
