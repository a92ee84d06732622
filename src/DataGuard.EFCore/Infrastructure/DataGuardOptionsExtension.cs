// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using DataGuard.EFCore.ChangeTracking;
using DataGuard.EFCore.Query;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>
/// Added by <c>UseDataGuard</c>. Brings DataGuard's conventions and interceptors into EF Core's internal service provider,
/// once per key ring: the ring's identity is part of the provider's hash and equality, so two hosts with different rings
/// never share converters, and contexts of one host never create more than one provider.
/// </summary>
internal sealed class DataGuardOptionsExtension(FieldEncryptor? encryptor, bool dataGuardRegistered) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public FieldEncryptor? Encryptor { get; } = encryptor;

    public bool DataGuardRegistered { get; } = dataGuardRegistered;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, DataGuardConventionSetPlugin>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, EncryptedQueryGuardInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, BlindIndexSaveChangesInterceptor>());
    }

    public void Validate(IDbContextOptions options)
    {
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

        public override int GetServiceProviderHashCode()
            => HashCode.Combine(Extension.DataGuardRegistered, Extension.Encryptor is null ? 0 : RuntimeHelpers.GetHashCode(Extension.Encryptor));

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo info
                && ReferenceEquals(info.Extension.Encryptor, Extension.Encryptor)
                && info.Extension.DataGuardRegistered == Extension.DataGuardRegistered;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["DataGuard:KeyRing"] = (Extension.Encryptor is null ? 0 : RuntimeHelpers.GetHashCode(Extension.Encryptor)).ToString(CultureInfo.InvariantCulture);
    }
}
