/**
 * Auto-configuration of the RestClient integration.
 */
@NullMarked
package io.github.apiguard.restclient.autoconfigure;

import org.jspecify.annotations.NullMarked;
