package io.querylens.benchmarks.spring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface CustomerRepository extends JpaRepository<Customer, Long> {

  List<Customer> findTop20ByCountryOrderByIdDesc(String country);
}
