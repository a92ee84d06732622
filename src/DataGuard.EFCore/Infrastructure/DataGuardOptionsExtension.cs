// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.PhoneNumbers;
using DataGuard.EFCore.Query;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>
/// Added by <c>UseDataGuard</c>. Brings DataGuard's conventions, interceptors and model cache key into EF Core's internal service
/// provider. The key ring travels with the options (<see cref="Encryptor"/>) and is part of the <em>model</em> cache key
/// (<see cref="DataGuardModelCacheKeyFactory"/>), so two hosts with different rings never share a model, converters or compiled
/// queries; it is deliberately not part of the service-provider key, so that every host of a process (an integration-test suite
/// builds hundreds) shares one internal provider instead of tripping EF Core's limit of twenty.
/// </summary>
internal sealed class DataGuardOptionsExtension(FieldEncryptor? encryptor, bool dataGuardRegistered, PhoneNumberSettings? phoneNumbers = null) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public FieldEncryptor? Encryptor { get; } = encryptor;

    public bool DataGuardRegistered { get; } = dataGuardRegistered;

    /// <summary>Gets the application's phone-number services, when <c>AddPhoneNumbers</c> registered them.</summary>
    public PhoneNumberSettings? PhoneNumbers { get; } = phoneNumbers;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, DataGuardConventionSetPlugin>();
        services.Replace(ServiceDescriptor.Singleton<IModelCacheKeyFactory, DataGuardModelCacheKeyFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, EncryptedQueryGuardInterceptor>());
        // The audit interceptor runs before the others, so it sees the values the application assigned (not tokens).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, DataGuard.EFCore.Auditing.AuditSaveChangesInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, DataGuard.EFCore.Auditing.AuditCommandInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISingletonInterceptor, DataGuard.EFCore.Auditing.AuditMaterializationInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, PhoneNumberSaveChangesInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, DataGuard.EFCore.Tokenization.TokenizationSaveChangesInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, BlindIndexSaveChangesInterceptor>());
    }

    public void Validate(IDbContextOptions options)
    {
        if (options.FindExtension<CoreOptionsExtension>()?.ReplacedServices?.Keys.Any(k => k.Item1 == typeof(IModelCacheKeyFactory)) == true)
        {
            throw new InvalidOperationException(
                "DataGuard caches one EF Core model per key ring through its own IModelCacheKeyFactory, and ReplaceService<IModelCacheKeyFactory, ...>() "
                + "replaces it: two applications with different key rings could then share value converters. Remove the replacement from the "
                + "options of contexts configured with UseDataGuard.");
        }

        if (!DataGuardRegistered)
        {
            throw new InvalidOperationException(
                "UseDataGuard(serviceProvider) was called on the DbContext options, but DataGuard is not registered in that service provider. "
                + "Call services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TContext>()) at start-up.");
        }
    }

    private sealed class ExtensionInfo(DataGuardOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new DataGuardOptionsExtension Extension => (DataGuardOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using DataGuard ";

        // The key ring is not part of the provider key (see the class remarks): it separates models, not providers.
        public override int GetServiceProviderHashCode() => Extension.DataGuardRegistered ? 1 : 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo info && info.Extension.DataGuardRegistered == Extension.DataGuardRegistered;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["DataGuard:KeyRing"] = (Extension.Encryptor is null ? 0 : RuntimeHelpers.GetHashCode(Extension.Encryptor)).ToString(CultureInfo.InvariantCulture);
    }
}
