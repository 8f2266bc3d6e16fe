package io.github.apiguard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.andShould()
			.haveSimpleNameEndingWith("AutoConfiguration")
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
	void packagesInsideAFeatureHaveNoCycles() {
		slices().matching("io.github.apiguard.*.(*)..").should().beFreeOfCycles().check(CLASSES);
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
