package io.github.apiguard.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules Spring Boot holds itself to, held for apiguard too.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.apiguard");

	@Test
	void autoConfigurationsArePublicAndFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.haveSimpleNameEndingWith("AutoConfiguration")
			.check(CLASSES);
	}

	@Test
	void beansAreNamedApiguardAndWhatTheyAre() {
		// One rule for bean names: "apiguard" + what the bean is, so they never clash with the application's.
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.haveNameMatching("apiguard[A-Z][A-Za-z0-9]*")
			.check(CLASSES);
	}

	@Test
	void beanMethodsAreNeverConditionalOnClass() {
		// A missing class on a @Bean method's signature breaks introspection; use a nested configuration.
		methods().that().areAnnotatedWith(Bean.class).should().notBeAnnotatedWith(ConditionalOnClass.class).check(CLASSES);
	}

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.github.apiguard.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void packagesHaveNoCycles() {
		// Every package is its own slice: errors <-> errors.mapping is a cycle, as is ratelimit.web <-> idempotency.web.
		slices().matching("io.github.apiguard.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void errorsSpeaksNoFeaturesVocabulary() {
		// Idempotency's and quotas' codes are contributed by those features (ApiguardErrorCode), never held here.
		noClasses().that()
			.resideInAPackage("io.github.apiguard.errors..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.apiguard.idempotency..", "io.github.apiguard.ratelimit..",
					"io.github.apiguard.client..", "io.github.apiguard.openapi..", "io.github.apiguard.metrics..",
					"io.github.apiguard.restclient..", "io.github.apiguard.store..")
			.orShould()
			.haveSimpleNameContaining("Idempotency")
			.orShould()
			.haveSimpleNameContaining("Quota")
			.orShould()
			.haveSimpleNameContaining("RateLimit")
			.check(CLASSES);
		noFields().that()
			.areDeclaredInClassesThat()
			.resideInAPackage("io.github.apiguard.errors..")
			.should()
			.haveNameMatching("(?i).*(idempotency|quota).*")
			.check(CLASSES);
	}

	@Test
	void helpersUsedOnlyInTheirPackageArePackagePrivate() {
		// A class of static methods (a helper) is public only when another package calls it.
		classes().that(areHelpers())
			.and()
			.arePublic()
			.should(beUsedOutsideTheirPackage())
			.check(CLASSES);
	}

	private static DescribedPredicate<JavaClass> areHelpers() {
		return DescribedPredicate.describe("are helpers (only static methods)",
				(type) -> !type.isInterface() && !type.isEnum() && !type.isRecord() && !type.isAnnotation()
						&& type.isTopLevelClass() && !type.getMethods().isEmpty()
						&& type.getMethods().stream().allMatch((method) -> method.getModifiers().contains(JavaModifier.STATIC)));
	}

	private static ArchCondition<JavaClass> beUsedOutsideTheirPackage() {
		return new ArchCondition<>("be used outside their package") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean usedOutside = type.getDirectDependenciesToSelf()
					.stream()
					.anyMatch((dependency) -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()));
				if (!usedOutside) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " is public but used only in " + type.getPackageName()));
				}
			}

		};
	}

	@Test
	void theErrorsApiDependsOnNoServletOrFeatureCode() {
		noClasses().that()
			.resideInAPackage("io.github.apiguard.errors")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "io.github.apiguard.errors.web..",
					"io.github.apiguard.errors.autoconfigure..", "io.github.apiguard.requestid..")
			.check(CLASSES);
	}

	@Test
	void onlyAutoConfigurationPackagesDependOnAutoConfigurationPackages() {
		noClasses().that()
			.resideOutsideOfPackage("..autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.apiguard..autoconfigure..")
			.check(CLASSES);
	}

}
