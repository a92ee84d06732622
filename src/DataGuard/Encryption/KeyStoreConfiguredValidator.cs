// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGuard.Encryption;

/// <summary>Fails start-up when field encryption is on but no key store is registered.</summary>
internal sealed class KeyStoreConfiguredValidator(IServiceProviderIsService isService) : IValidateOptions<FieldEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, FieldEncryptionOptions options)
        => isService.IsService(typeof(IKeyStore))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "DataGuard field encryption has no key store. In AddDataGuard(...), call UseEntityFrameworkCore<TContext>() "
                + "or PersistKeysToDbContext<TContext>() (package DataGuard.EFCore), or PersistKeysTo(store).");
}
