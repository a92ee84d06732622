// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DataGuard.Encryption;
using DataGuard.PhoneNumbers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.PhoneNumbers;

public sealed class PhoneNumberDataGuardBuilderExtensionsTests
{
    [Fact]
    public void AddPhoneNumbers_Twice_EachServiceRegisteredOnce()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers().AddPhoneNumbers(o => o.DefaultRegion = "IN"));
        services.AddDataGuard(dg => dg.AddPhoneNumbers());

        Assert.Equal(1, Count(services, typeof(IPhoneNumberNormalizer), typeof(PhoneNumberNormalizer)));
        Assert.Equal(1, Count(services, typeof(IPhoneNumberMasker), typeof(PhoneNumberMasker)));
        Assert.Equal(1, Count(services, typeof(IBlindIndexNormalizer), typeof(PhoneNumberBlindIndexNormalizer)));
        Assert.Equal(1, Count(services, typeof(IValidateOptions<PhoneNumberOptions>), typeof(PhoneNumberOptionsValidator)));
        Assert.Equal(1, Count(services, typeof(IStartupValidator)));
    }

    [Fact]
    public void AddPhoneNumbers_Twice_SameDescriptorsAsOnce()
    {
        var once = new ServiceCollection();
        once.AddDataGuard(dg => dg.AddPhoneNumbers());
        var twice = new ServiceCollection();
        twice.AddDataGuard(dg => dg.AddPhoneNumbers());
        twice.AddDataGuard(dg => dg.AddPhoneNumbers());

        static IEnumerable<string> Services(IServiceCollection services) => services
            .Where(d => !d.ServiceType.Name.StartsWith("IConfigureOptions", StringComparison.Ordinal))
            .Select(d => $"{d.ServiceType} {d.ImplementationType}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(Services(once), Services(twice));
    }

    [Fact]
    public void AddPhoneNumbers_WithFieldEncryption_PhoneNormalizerAmongOthers()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddFieldEncryption().AddPhoneNumbers(o => o.DefaultRegion = "GB"));
        using var services = collection.BuildServiceProvider();

        var names = services.GetServices<IBlindIndexNormalizer>().Select(n => n.Name).ToList();

        Assert.Contains("phone", names);
        Assert.Contains("digits", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AddPhoneNumbers_ServicesAreSingletons()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddPhoneNumbers());

        Assert.All(
            collection.Where(d => d.ServiceType == typeof(IPhoneNumberNormalizer) || d.ServiceType == typeof(IPhoneNumberMasker)),
            d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
    }

    [Fact]
    public void AddPhoneNumbers_LastConfigurationWins()
    {
        var collection = new ServiceCollection();
        collection.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN").AddPhoneNumbers(o => o.DefaultRegion = "DE"));
        using var services = collection.BuildServiceProvider();

        Assert.Equal("+4930123456", services.GetRequiredService<IPhoneNumberNormalizer>().Normalize("030 123456"));
    }

    [Fact]
    public void AddPhoneNumbers_NullArguments_Throw()
    {
        var builder = BuilderOf(new ServiceCollection());

        Assert.Throws<ArgumentNullException>("builder", () => PhoneNumberDataGuardBuilderExtensions.AddPhoneNumbers(null!));
        Assert.Throws<ArgumentNullException>("builder", () => PhoneNumberDataGuardBuilderExtensions.AddPhoneNumbers(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("builder", () => PhoneNumberDataGuardBuilderExtensions.AddPhoneNumbers(null!, new ConfigurationBuilder().Build().GetSection("x")));
        Assert.Throws<ArgumentNullException>("configure", () => builder.AddPhoneNumbers((Action<PhoneNumberOptions>)null!));
        Assert.Throws<ArgumentNullException>("section", () => builder.AddPhoneNumbers((IConfigurationSection)null!));
    }

    [Fact]
    public void AddPhoneNumbers_ReturnsSameBuilder()
    {
        var builder = BuilderOf(new ServiceCollection());

        Assert.Same(builder, builder.AddPhoneNumbers());
        Assert.Same(builder, builder.AddPhoneNumbers(_ => { }));
        Assert.Same(builder, builder.AddPhoneNumbers(new ConfigurationBuilder().Build().GetSection("x")));
    }

    private static IDataGuardBuilder BuilderOf(IServiceCollection services)
    {
        IDataGuardBuilder? captured = null;
        services.AddDataGuard(dg => captured = dg);
        return captured!;
    }

    private static int Count(IServiceCollection services, Type serviceType, Type? implementationType = null)
        => services.Count(d => d.ServiceType == serviceType && (implementationType is null || d.ImplementationType == implementationType));
}
